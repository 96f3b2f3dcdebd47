# CMake generated Testfile for 
# Source directory: /work/wt/plot/tests/advise
# Build directory: /work/wt/plot/build-clang/tests/advise
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
add_test(test_plot "/work/wt/plot/build-clang/tests/advise/test_plot")
set_tests_properties(test_plot PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;6;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(test_advise "/work/wt/plot/build-clang/tests/advise/test_advise")
set_tests_properties(test_advise PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;14;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(fuzz_advise_smi_csv_replay "/work/wt/plot/build-clang/tests/advise/fuzz_advise_smi_csv_replay" "/work/wt/plot/tests/fuzz/corpus/fuzz_advise_smi_csv")
set_tests_properties(fuzz_advise_smi_csv_replay PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;52;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(fuzz_advise_dmon_replay "/work/wt/plot/build-clang/tests/advise/fuzz_advise_dmon_replay" "/work/wt/plot/tests/fuzz/corpus/fuzz_advise_dmon")
set_tests_properties(fuzz_advise_dmon_replay PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;52;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(fuzz_advise_dcgm_replay "/work/wt/plot/build-clang/tests/advise/fuzz_advise_dcgm_replay" "/work/wt/plot/tests/fuzz/corpus/fuzz_advise_dcgm")
set_tests_properties(fuzz_advise_dcgm_replay PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;52;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(fuzz_advise_sacct_replay "/work/wt/plot/build-clang/tests/advise/fuzz_advise_sacct_replay" "/work/wt/plot/tests/fuzz/corpus/fuzz_advise_sacct")
set_tests_properties(fuzz_advise_sacct_replay PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;52;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(fuzz_advise_prometheus_replay "/work/wt/plot/build-clang/tests/advise/fuzz_advise_prometheus_replay" "/work/wt/plot/tests/fuzz/corpus/fuzz_advise_prometheus")
set_tests_properties(fuzz_advise_prometheus_replay PROPERTIES  _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;52;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(sys_advise_report "sh" "/work/wt/plot/tests/advise/sys_advise_report.sh" "/work/wt/plot/build-clang/migctl" "/work/wt/plot/docs/schemas")
set_tests_properties(sys_advise_report PROPERTIES  SKIP_RETURN_CODE "77" TIMEOUT "300" _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;57;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
add_test(advise_prometheus "sh" "/work/wt/plot/tests/advise/test_advise_prometheus.sh" "/work/wt/plot/build-clang/migctl" "/usr/bin/python3")
set_tests_properties(advise_prometheus PROPERTIES  TIMEOUT "120" _BACKTRACE_TRIPLES "/work/wt/plot/tests/advise/CMakeLists.txt;64;add_test;/work/wt/plot/tests/advise/CMakeLists.txt;0;")
