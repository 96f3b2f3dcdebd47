file(REMOVE_RECURSE
  "libmigslurm_cov.a"
)
