file(REMOVE_RECURSE
  "libmig_static.a"
)
