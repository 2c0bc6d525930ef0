/* A UDP echo server for tests: answers every datagram on 0.0.0.0:<port> with "echo:" + it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
  if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) < 0) {
    perror("bind");
    return 1;
  }
  char in[2048], out[2100];
  for (;;) {
    struct sockaddr_in from;
    socklen_t len = sizeof from;
    ssize_t n = recvfrom(s, in, sizeof in, 0, (struct sockaddr *)&from, &len);
    if (n < 0) {
      continue;
    }
    memcpy(out, "echo:", 5);
    memcpy(out + 5, in, (size_t)n);
    sendto(s, out, (size_t)n + 5, 0, (struct sockaddr *)&from, len);
  }
}
