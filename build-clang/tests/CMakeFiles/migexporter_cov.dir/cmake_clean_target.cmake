file(REMOVE_RECURSE
  "libmigexporter_cov.a"
)
