file(REMOVE_RECURSE
  "libmigplan.a"
)
