file(REMOVE_RECURSE
  "libmigsim_cov.a"
)
