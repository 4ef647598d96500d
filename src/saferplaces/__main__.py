from saferplaces.cli.app import main

main()
