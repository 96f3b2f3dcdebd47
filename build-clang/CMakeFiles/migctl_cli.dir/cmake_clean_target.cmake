file(REMOVE_RECURSE
  "libmigctl_cli.a"
)
