file(REMOVE_RECURSE
  "libmigplot.a"
)
