file(REMOVE_RECURSE
  "libmig_cov.a"
)
