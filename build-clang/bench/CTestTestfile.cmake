# CMake generated Testfile for 
# Source directory: /work/wt/plot/bench
# Build directory: /work/wt/plot/build-clang/bench
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
