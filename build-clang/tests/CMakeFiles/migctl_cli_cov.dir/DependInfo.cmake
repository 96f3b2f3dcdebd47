
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/cli/cmd_advise.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_advise.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_advise.c.o.d"
  "/work/wt/plot/src/cli/cmd_apply.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_apply.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_apply.c.o.d"
  "/work/wt/plot/src/cli/cmd_assert.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_assert.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_assert.c.o.d"
  "/work/wt/plot/src/cli/cmd_checkpoint.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_checkpoint.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_checkpoint.c.o.d"
  "/work/wt/plot/src/cli/cmd_emulate.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_emulate.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_emulate.c.o.d"
  "/work/wt/plot/src/cli/cmd_export.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_export.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_export.c.o.d"
  "/work/wt/plot/src/cli/cmd_exporter.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_exporter.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_exporter.c.o.d"
  "/work/wt/plot/src/cli/cmd_mig.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_mig.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_mig.c.o.d"
  "/work/wt/plot/src/cli/cmd_nvml.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_nvml.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_nvml.c.o.d"
  "/work/wt/plot/src/cli/cmd_plan.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_plan.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_plan.c.o.d"
  "/work/wt/plot/src/cli/cmd_presets.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_presets.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_presets.c.o.d"
  "/work/wt/plot/src/cli/cmd_restore.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_restore.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_restore.c.o.d"
  "/work/wt/plot/src/cli/cmd_run.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_run.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_run.c.o.d"
  "/work/wt/plot/src/cli/cmd_share.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_share.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_share.c.o.d"
  "/work/wt/plot/src/cli/cmd_show.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_show.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_show.c.o.d"
  "/work/wt/plot/src/cli/cmd_sim.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_sim.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_sim.c.o.d"
  "/work/wt/plot/src/cli/cmd_slurm.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_slurm.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_slurm.c.o.d"
  "/work/wt/plot/src/cli/cmd_smi.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_smi.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/cmd_smi.c.o.d"
  "/work/wt/plot/src/cli/common.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/common.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/common.c.o.d"
  "/work/wt/plot/src/cli/emulate_exec.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/emulate_exec.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/emulate_exec.c.o.d"
  "/work/wt/plot/src/cli/gen.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/gen.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/gen.c.o.d"
  "/work/wt/plot/src/cli/layout_cmd.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_cmd.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_cmd.c.o.d"
  "/work/wt/plot/src/cli/layout_print.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_print.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_print.c.o.d"
  "/work/wt/plot/src/cli/layout_run.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_run.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/layout_run.c.o.d"
  "/work/wt/plot/src/cli/man.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/man.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/man.c.o.d"
  "/work/wt/plot/src/cli/opts.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/opts.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/opts.c.o.d"
  "/work/wt/plot/src/cli/run_child.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_child.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_child.c.o.d"
  "/work/wt/plot/src/cli/run_claim.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_claim.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_claim.c.o.d"
  "/work/wt/plot/src/cli/run_mps.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_mps.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_mps.c.o.d"
  "/work/wt/plot/src/cli/run_pick.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_pick.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/run_pick.c.o.d"
  "/work/wt/plot/src/cli/show_draw.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_draw.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_draw.c.o.d"
  "/work/wt/plot/src/cli/show_json.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_json.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_json.c.o.d"
  "/work/wt/plot/src/cli/show_rows.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_rows.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/show_rows.c.o.d"
  "/work/wt/plot/src/cli/smi_json.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_json.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_json.c.o.d"
  "/work/wt/plot/src/cli/smi_list.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_list.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_list.c.o.d"
  "/work/wt/plot/src/cli/smi_mode.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_mode.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_mode.c.o.d"
  "/work/wt/plot/src/cli/smi_q.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_q.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_q.c.o.d"
  "/work/wt/plot/src/cli/smi_q_table.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_q_table.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_q_table.c.o.d"
  "/work/wt/plot/src/cli/smi_query.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_query.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_query.c.o.d"
  "/work/wt/plot/src/cli/smi_reset.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_reset.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_reset.c.o.d"
  "/work/wt/plot/src/cli/smi_rows.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_rows.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_rows.c.o.d"
  "/work/wt/plot/src/cli/smi_screen.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_screen.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smi_screen.c.o.d"
  "/work/wt/plot/src/cli/smig_create.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_create.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_create.c.o.d"
  "/work/wt/plot/src/cli/smig_destroy.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_destroy.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_destroy.c.o.d"
  "/work/wt/plot/src/cli/smig_json.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_json.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_json.c.o.d"
  "/work/wt/plot/src/cli/smig_list.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_list.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_list.c.o.d"
  "/work/wt/plot/src/cli/smig_report.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_report.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_report.c.o.d"
  "/work/wt/plot/src/cli/smig_rows.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_rows.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_rows.c.o.d"
  "/work/wt/plot/src/cli/smig_select.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_select.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_select.c.o.d"
  "/work/wt/plot/src/cli/smig_tuple.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_tuple.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/smig_tuple.c.o.d"
  "/work/wt/plot/src/cli/table.c" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/table.c.o" "gcc" "tests/CMakeFiles/migctl_cli_cov.dir/__/src/cli/table.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/tests/CMakeFiles/migshare_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/migsim_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/migslurm_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/migplan_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/miglayout_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/migexporter_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/advise/CMakeFiles/migadvise_cov.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/tests/CMakeFiles/mig_cov.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
