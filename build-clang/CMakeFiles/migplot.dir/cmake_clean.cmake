file(REMOVE_RECURSE
  "CMakeFiles/migplot.dir/src/plot/plot.c.o"
  "CMakeFiles/migplot.dir/src/plot/plot.c.o.d"
  "CMakeFiles/migplot.dir/src/plot/plot_draw.c.o"
  "CMakeFiles/migplot.dir/src/plot/plot_draw.c.o.d"
  "libmigplot.a"
  "libmigplot.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/migplot.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
