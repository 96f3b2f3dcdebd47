file(REMOVE_RECURSE
  "libmigctl_cli_cov.a"
)
