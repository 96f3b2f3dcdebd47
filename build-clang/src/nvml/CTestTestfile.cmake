# CMake generated Testfile for 
# Source directory: /work/wt/plot/src/nvml
# Build directory: /work/wt/plot/build-clang/src/nvml
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
