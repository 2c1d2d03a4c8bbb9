/* Force-included by the project into every file it compiles. */
#define SAMPLE_FORCED 1
