// jobpilot-etl: collects JSearch job postings into durable raw storage and runs the ETL pipeline.
#include "app/commands.hpp"

#include <malloc.h>

int main(int argc, char** argv) {
  // Every detached stage worker is a thread, and glibc gives threads arenas of their own (up to 8 per
  // core) that keep freed memory: a 20 MB reply passing through the stages then costs its size many
  // times over in resident memory. Two arenas are plenty for a pipeline that mostly waits on I/O.
  mallopt(M_ARENA_MAX, 2);
  return jobpilot::app::run_cli(argc, argv);
}
