# gen_nvml.awk - generate the export surface of libnvidia-ml.so.1 from
# nvml-symbols.tsv (every symbol a real libnvidia-ml.so.1 exports).
#
#   awk -v decls=nvml_decls.h -v stubs=nvml_stubs.c -v map=libnvidia-ml.map \
#       -f gen_nvml.awk nvml-symbols.tsv IMPLEMENTATION.c...
#
# Writes
#   decls  a prototype of every symbol, with default visibility, so the
#          compiler checks each implementation against the tsv's signature;
#   stubs  a definition of every symbol the implementation files do not
#          define, answering UNINITIALIZED before init, else NOT_SUPPORTED;
#   map    the linker version script: exactly the tsv's symbols global,
#          everything else local.  The node is anonymous, so the exports stay
#          unversioned like the real library's.
#
# An implementation defines a symbol by a line starting with its return type
# and name, "nvmlReturn_t nvmlDeviceGetName(" (helpers are static or nv_*).
# Defining a name the tsv lacks is an error: it could never be exported.

BEGIN {
	FS = "\t"
	n = 0
	failed = 0
}

# The tsv: symbol, return_type, params, since, group, legacy, real_lib_exports, notes.
FNR == NR {
	if (FNR == 1)
		next
	if (NF < 3 || $1 !~ /^nvml[A-Za-z0-9_]+$/) {
		printf("gen_nvml.awk: %s:%d: malformed row\n", FILENAME, FNR) > "/dev/stderr"
		failed = 1
		next
	}
	if ($1 in ret) {
		printf("gen_nvml.awk: %s:%d: duplicate symbol %s\n", FILENAME, FNR, $1) > "/dev/stderr"
		failed = 1
		next
	}
	sym[++n] = $1
	ret[$1] = $2
	params[$1] = $3
	next
}

# Implementation sources: collect the names they define.
/^(nvmlReturn_t|const char \*) *nvml[A-Za-z0-9_]+\(/ {
	s = $0
	sub(/\(.*$/, "", s)
	sub(/^.*[ *]/, "", s)
	if (!(s in ret)) {
		printf("gen_nvml.awk: %s:%d: %s is not in the symbol table\n", FILENAME, FNR, s) > "/dev/stderr"
		failed = 1
	}
	if (s in impl) {
		printf("gen_nvml.awk: %s:%d: %s defined twice\n", FILENAME, FNR, s) > "/dev/stderr"
		failed = 1
	}
	impl[s] = FILENAME
}

function head(s,    r) {
	r = ret[s]
	return r ~ /\*$/ ? r s : r " " s
}

END {
	if (failed)
		exit 1
	if (n == 0) {
		print "gen_nvml.awk: empty symbol table" > "/dev/stderr"
		exit 1
	}

	print "/* Generated from nvml-symbols.tsv by gen_nvml.awk; do not edit. */" > decls
	print "#ifndef NVML_DECLS_H" > decls
	print "#define NVML_DECLS_H" > decls
	print "" > decls
	print "#include \"nvml_types.h\"" > decls
	print "" > decls
	for (i = 1; i <= n; i++)
		printf("NVML_API %s(%s);\n", head(sym[i]), params[sym[i]]) > decls
	print "" > decls
	print "#endif" > decls
	close(decls)

	print "/* Generated from nvml-symbols.tsv by gen_nvml.awk; do not edit." > stubs
	print " * Every symbol no implementation file defines: NVML_ERROR_NOT_SUPPORTED" > stubs
	print " * once initialized (§nvml-A: the rest of the API is not emulated). */" > stubs
	print "#include \"nvml_internal.h\"" > stubs
	print "" > stubs
	print "#pragma GCC diagnostic ignored \"-Wunused-parameter\"" > stubs
	stubbed = 0
	for (i = 1; i <= n; i++) {
		s = sym[i]
		if (s in impl)
			continue
		if (ret[s] != "nvmlReturn_t") {
			printf("gen_nvml.awk: %s returns %s; implement it\n", s, ret[s]) > "/dev/stderr"
			exit 1
		}
		printf("\n%s(%s)\n{\n\treturn nv_not_supported();\n}\n", head(s), params[s]) > stubs
		stubbed++
	}
	close(stubs)

	print "/* Generated from nvml-symbols.tsv by gen_nvml.awk; do not edit. */" > map
	print "{" > map
	print "  global:" > map
	for (i = 1; i <= n; i++)
		printf("    %s;\n", sym[i]) > map
	print "  local:" > map
	print "    *;" > map
	print "};" > map
	close(map)
}
