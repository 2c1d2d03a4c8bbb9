/* Found through $(SolutionDir)tools. */
#define SAMPLE_VERSION 3
