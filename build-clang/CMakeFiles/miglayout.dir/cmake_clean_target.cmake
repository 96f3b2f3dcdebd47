file(REMOVE_RECURSE
  "libmiglayout.a"
)
