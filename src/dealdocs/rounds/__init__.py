"""Rounds of a deal (SPEC section 9): what changed between two deal files (`diff`), NEW's
documents with every change from OLD tracked (`redline`), and whether a document is
still what its deal file gives (`verify`)."""
