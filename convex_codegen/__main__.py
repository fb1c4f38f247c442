"""`python -m convex_codegen` runs the `convex-codegen` command."""

from convex_codegen._cli import main

if __name__ == "__main__":
    main(prog_name="convex-codegen")
