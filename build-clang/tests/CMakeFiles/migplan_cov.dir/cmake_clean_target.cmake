file(REMOVE_RECURSE
  "libmigplan_cov.a"
)
