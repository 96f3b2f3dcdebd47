# Writes OUT/man1/PAGE.1 for every page `MIGCTL --help-man` lists, each from
# `MIGCTL --help-man PAGE` (src/cli/man.c: the pages are the --help texts),
# then touches OUT/stamp.  Pages that are no longer listed are removed.
execute_process(COMMAND ${CMAKE_COMMAND} -E env MIGCTL_STATE_DIR=${OUT}/no-node
                "${MIGCTL}" --help-man
                OUTPUT_VARIABLE pages RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "migctl --help-man failed (${rc})")
endif()
file(GLOB old "${OUT}/man1/*.1")
if(old)
  file(REMOVE ${old})
endif()
file(MAKE_DIRECTORY "${OUT}/man1")
string(REPLACE "\n" ";" pages "${pages}")
foreach(page ${pages})
  execute_process(COMMAND ${CMAKE_COMMAND} -E env MIGCTL_STATE_DIR=${OUT}/no-node
                  "${MIGCTL}" --help-man "${page}"
                  OUTPUT_FILE "${OUT}/man1/${page}.1" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "migctl --help-man ${page} failed (${rc})")
  endif()
endforeach()
if(EXISTS "${OUT}/no-node")
  message(FATAL_ERROR "migctl --help touched a node (${OUT}/no-node)")
endif()
file(TOUCH "${OUT}/stamp")
