file(REMOVE_RECURSE
  "libmigadvise.a"
)
