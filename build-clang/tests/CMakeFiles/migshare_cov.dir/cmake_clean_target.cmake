file(REMOVE_RECURSE
  "libmigshare_cov.a"
)
