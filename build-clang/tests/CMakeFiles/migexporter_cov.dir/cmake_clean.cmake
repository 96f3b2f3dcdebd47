file(REMOVE_RECURSE
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/buf.c.o"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/buf.c.o.d"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/procinfo.c.o"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/procinfo.c.o.d"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/render.c.o"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/render.c.o.d"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/server.c.o"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/server.c.o.d"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/usage.c.o"
  "CMakeFiles/migexporter_cov.dir/__/src/exporter/usage.c.o.d"
  "libmigexporter_cov.a"
  "libmigexporter_cov.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migexporter_cov.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
