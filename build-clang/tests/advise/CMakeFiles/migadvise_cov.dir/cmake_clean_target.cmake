file(REMOVE_RECURSE
  "libmigadvise_cov.a"
)
