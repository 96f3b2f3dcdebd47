file(REMOVE_RECURSE
  "libmigshare.a"
)
