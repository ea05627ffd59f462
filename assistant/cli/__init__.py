"""The command line: the app (`main`), and the subcommands, each in a module of its own."""
