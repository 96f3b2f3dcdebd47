# CMake generated Testfile for 
# Source directory: /work/wt/plot
# Build directory: /work/wt/plot/build-clang
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("tests")
subdirs("bench")
subdirs("src/nvml")
