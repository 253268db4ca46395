from dealdocs.cli import run

run()
