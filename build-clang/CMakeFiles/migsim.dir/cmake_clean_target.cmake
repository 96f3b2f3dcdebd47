file(REMOVE_RECURSE
  "libmigsim.a"
)
