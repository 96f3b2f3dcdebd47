# CMake generated Testfile for 
# Source directory: /work/wt/plot/tests/nvml
# Build directory: /work/wt/plot/build-clang/tests/nvml
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(test_nvml_api "/work/wt/plot/build-clang/tests/nvml/test_nvml_api")
set_tests_properties(test_nvml_api PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" TIMEOUT "600" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;23;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(test_nvml_mig "/work/wt/plot/build-clang/tests/nvml/test_nvml_mig")
set_tests_properties(test_nvml_mig PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" TIMEOUT "600" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;23;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(test_nvml_smi "/work/wt/plot/build-clang/tests/nvml/test_nvml_smi")
set_tests_properties(test_nvml_smi PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" TIMEOUT "600" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;23;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(test_nvml_stress "/work/wt/plot/build-clang/tests/nvml/test_nvml_stress")
set_tests_properties(test_nvml_stress PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" TIMEOUT "600" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;23;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(test_stress "/work/wt/plot/build-clang/tests/nvml/test_stress")
set_tests_properties(test_stress PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml;stress" TIMEOUT "300" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;23;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(nvml_symbols "sh" "/work/wt/plot/tests/nvml/check_symbols.sh" "/work/wt/plot/build-clang/src/nvml/libnvidia-ml.so.1" "/work/wt/plot/src/nvml/nvml-symbols.tsv" "/work/wt/plot/../shared/spec/nvml-symbols.tsv")
set_tests_properties(nvml_symbols PROPERTIES  LABELS "nvml" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;34;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(nvml_python_client "/usr/bin/python3" "/work/wt/plot/tests/nvml/nvml_client.py" "--lib" "/work/wt/plot/build-clang/src/nvml/libnvidia-ml.so.1" "--migctl" "/work/wt/plot/build-clang/migctl")
set_tests_properties(nvml_python_client PROPERTIES  LABELS "nvml" TIMEOUT "300" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;41;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(nvml_real_smi "sh" "/work/wt/plot/tests/nvml/real_smi.sh" "--fetch" "--only" "535.261.03" "/work/wt/plot/build-clang/migctl" "/work/wt/plot/build-clang/src/nvml")
set_tests_properties(nvml_real_smi PROPERTIES  ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" SKIP_RETURN_CODE "77" TIMEOUT "1200" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;71;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
add_test(nvml_real_smi_q "sh" "/work/wt/plot/tests/nvml/real_smi_q.sh" "--only" "535.261.03" "/work/wt/plot/build-clang/migctl" "/work/wt/plot/build-clang/src/nvml")
set_tests_properties(nvml_real_smi_q PROPERTIES  DEPENDS "nvml_real_smi" ENVIRONMENT "TMPDIR=/dev/shm" LABELS "nvml" SKIP_RETURN_CODE "77" TIMEOUT "900" _BACKTRACE_TRIPLES "/work/wt/plot/tests/nvml/CMakeLists.txt;82;add_test;/work/wt/plot/tests/nvml/CMakeLists.txt;0;")
