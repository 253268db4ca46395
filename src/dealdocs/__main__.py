from dealdocs.cli import main

main(prog_name="dealdocs")
