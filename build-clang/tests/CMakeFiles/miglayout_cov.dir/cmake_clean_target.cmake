file(REMOVE_RECURSE
  "libmiglayout_cov.a"
)
