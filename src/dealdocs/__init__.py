"""dealdocs: heads of terms and term sheets for UK cluster deals.

The pipeline, top to bottom: `loader` (deal file -> `Deal` + source map), `checks`
(deal -> findings), `assemble` (deal + clause library -> one document tree), `render`
(tree -> docx, pdf, html, md). `dealdocs.api` ties them together for the CLI.
"""

__version__ = "0.1.0"
