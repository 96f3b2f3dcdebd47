/*
 * fuzz_listen.c - `migctl exporter --listen`'s parser (exp_parse_listen,
 * src/exporter/server.c) on arbitrary bytes.
 *
 * Whatever it accepts is an IPv4 or IPv6 socket address of the matching
 * length; whatever it refuses comes with a message naming the form.
 */
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exporter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_storage ss;
	unsigned len = 0;
	char text[256], why[512];

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (exp_parse_listen(&ss, &len, text, why, sizeof(why)) == 0) {
		if (!(ss.ss_family == AF_INET && len == sizeof(struct sockaddr_in)) &&
		    !(ss.ss_family == AF_INET6 && len == sizeof(struct sockaddr_in6)))
			abort();
	} else if (!strstr(why, "is not ADDR:PORT")) {
		abort();
	}
	return 0;
}
