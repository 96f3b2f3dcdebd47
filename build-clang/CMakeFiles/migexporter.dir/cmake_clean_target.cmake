file(REMOVE_RECURSE
  "libmigexporter.a"
)
