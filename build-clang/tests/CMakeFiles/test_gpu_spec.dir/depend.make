# Empty dependencies file for test_gpu_spec.
# This may be replaced when dependencies are built.
