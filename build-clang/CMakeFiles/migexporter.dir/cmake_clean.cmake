file(REMOVE_RECURSE
  "CMakeFiles/migexporter.dir/src/exporter/buf.c.o"
  "CMakeFiles/migexporter.dir/src/exporter/buf.c.o.d"
  "CMakeFiles/migexporter.dir/src/exporter/procinfo.c.o"
  "CMakeFiles/migexporter.dir/src/exporter/procinfo.c.o.d"
  "CMakeFiles/migexporter.dir/src/exporter/render.c.o"
  "CMakeFiles/migexporter.dir/src/exporter/render.c.o.d"
  "CMakeFiles/migexporter.dir/src/exporter/server.c.o"
  "CMakeFiles/migexporter.dir/src/exporter/server.c.o.d"
  "CMakeFiles/migexporter.dir/src/exporter/usage.c.o"
  "CMakeFiles/migexporter.dir/src/exporter/usage.c.o.d"
  "libmigexporter.a"
  "libmigexporter.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migexporter.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
