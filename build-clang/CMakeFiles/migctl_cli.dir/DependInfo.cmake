
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt/plot/src/cli/cmd_advise.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_advise.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_advise.c.o.d"
  "/work/wt/plot/src/cli/cmd_apply.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_apply.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_apply.c.o.d"
  "/work/wt/plot/src/cli/cmd_assert.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_assert.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_assert.c.o.d"
  "/work/wt/plot/src/cli/cmd_checkpoint.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_checkpoint.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_checkpoint.c.o.d"
  "/work/wt/plot/src/cli/cmd_emulate.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_emulate.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_emulate.c.o.d"
  "/work/wt/plot/src/cli/cmd_export.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_export.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_export.c.o.d"
  "/work/wt/plot/src/cli/cmd_exporter.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_exporter.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_exporter.c.o.d"
  "/work/wt/plot/src/cli/cmd_mig.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_mig.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_mig.c.o.d"
  "/work/wt/plot/src/cli/cmd_nvml.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_nvml.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_nvml.c.o.d"
  "/work/wt/plot/src/cli/cmd_plan.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_plan.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_plan.c.o.d"
  "/work/wt/plot/src/cli/cmd_presets.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_presets.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_presets.c.o.d"
  "/work/wt/plot/src/cli/cmd_restore.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_restore.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_restore.c.o.d"
  "/work/wt/plot/src/cli/cmd_run.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_run.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_run.c.o.d"
  "/work/wt/plot/src/cli/cmd_share.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_share.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_share.c.o.d"
  "/work/wt/plot/src/cli/cmd_show.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_show.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_show.c.o.d"
  "/work/wt/plot/src/cli/cmd_sim.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_sim.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_sim.c.o.d"
  "/work/wt/plot/src/cli/cmd_slurm.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_slurm.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_slurm.c.o.d"
  "/work/wt/plot/src/cli/cmd_smi.c" "CMakeFiles/migctl_cli.dir/src/cli/cmd_smi.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/cmd_smi.c.o.d"
  "/work/wt/plot/src/cli/common.c" "CMakeFiles/migctl_cli.dir/src/cli/common.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/common.c.o.d"
  "/work/wt/plot/src/cli/emulate_exec.c" "CMakeFiles/migctl_cli.dir/src/cli/emulate_exec.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/emulate_exec.c.o.d"
  "/work/wt/plot/src/cli/gen.c" "CMakeFiles/migctl_cli.dir/src/cli/gen.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/gen.c.o.d"
  "/work/wt/plot/src/cli/layout_cmd.c" "CMakeFiles/migctl_cli.dir/src/cli/layout_cmd.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/layout_cmd.c.o.d"
  "/work/wt/plot/src/cli/layout_print.c" "CMakeFiles/migctl_cli.dir/src/cli/layout_print.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/layout_print.c.o.d"
  "/work/wt/plot/src/cli/layout_run.c" "CMakeFiles/migctl_cli.dir/src/cli/layout_run.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/layout_run.c.o.d"
  "/work/wt/plot/src/cli/man.c" "CMakeFiles/migctl_cli.dir/src/cli/man.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/man.c.o.d"
  "/work/wt/plot/src/cli/opts.c" "CMakeFiles/migctl_cli.dir/src/cli/opts.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/opts.c.o.d"
  "/work/wt/plot/src/cli/run_child.c" "CMakeFiles/migctl_cli.dir/src/cli/run_child.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/run_child.c.o.d"
  "/work/wt/plot/src/cli/run_claim.c" "CMakeFiles/migctl_cli.dir/src/cli/run_claim.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/run_claim.c.o.d"
  "/work/wt/plot/src/cli/run_mps.c" "CMakeFiles/migctl_cli.dir/src/cli/run_mps.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/run_mps.c.o.d"
  "/work/wt/plot/src/cli/run_pick.c" "CMakeFiles/migctl_cli.dir/src/cli/run_pick.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/run_pick.c.o.d"
  "/work/wt/plot/src/cli/show_draw.c" "CMakeFiles/migctl_cli.dir/src/cli/show_draw.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/show_draw.c.o.d"
  "/work/wt/plot/src/cli/show_json.c" "CMakeFiles/migctl_cli.dir/src/cli/show_json.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/show_json.c.o.d"
  "/work/wt/plot/src/cli/show_rows.c" "CMakeFiles/migctl_cli.dir/src/cli/show_rows.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/show_rows.c.o.d"
  "/work/wt/plot/src/cli/smi_json.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_json.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_json.c.o.d"
  "/work/wt/plot/src/cli/smi_list.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_list.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_list.c.o.d"
  "/work/wt/plot/src/cli/smi_mode.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_mode.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_mode.c.o.d"
  "/work/wt/plot/src/cli/smi_q.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_q.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_q.c.o.d"
  "/work/wt/plot/src/cli/smi_q_table.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_q_table.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_q_table.c.o.d"
  "/work/wt/plot/src/cli/smi_query.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_query.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_query.c.o.d"
  "/work/wt/plot/src/cli/smi_reset.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_reset.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_reset.c.o.d"
  "/work/wt/plot/src/cli/smi_rows.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_rows.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_rows.c.o.d"
  "/work/wt/plot/src/cli/smi_screen.c" "CMakeFiles/migctl_cli.dir/src/cli/smi_screen.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smi_screen.c.o.d"
  "/work/wt/plot/src/cli/smig_create.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_create.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_create.c.o.d"
  "/work/wt/plot/src/cli/smig_destroy.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_destroy.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_destroy.c.o.d"
  "/work/wt/plot/src/cli/smig_json.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_json.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_json.c.o.d"
  "/work/wt/plot/src/cli/smig_list.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_list.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_list.c.o.d"
  "/work/wt/plot/src/cli/smig_report.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_report.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_report.c.o.d"
  "/work/wt/plot/src/cli/smig_rows.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_rows.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_rows.c.o.d"
  "/work/wt/plot/src/cli/smig_select.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_select.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_select.c.o.d"
  "/work/wt/plot/src/cli/smig_tuple.c" "CMakeFiles/migctl_cli.dir/src/cli/smig_tuple.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/smig_tuple.c.o.d"
  "/work/wt/plot/src/cli/table.c" "CMakeFiles/migctl_cli.dir/src/cli/table.c.o" "gcc" "CMakeFiles/migctl_cli.dir/src/cli/table.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt/plot/build-clang/CMakeFiles/migshare.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migsim.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migslurm.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migplan.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/miglayout.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migexporter.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/mig_static.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migadvise.dir/DependInfo.cmake"
  "/work/wt/plot/build-clang/CMakeFiles/migplot.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
