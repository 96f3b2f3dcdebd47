file(REMOVE_RECURSE
  "libmigslurm.a"
)
