/*
 * features.h - build switches for volfilt. Flip these instead of editing code.
 */
#ifndef VF_FEATURES_H
#define VF_FEATURES_H

/* per-request latency samples for reads and writes */
#define VF_ENABLE_STATS     1

/* chatty DbgPrint tracing, checked builds only */
#if DBG
#define VF_TRACE_IO         1
#else
#define VF_TRACE_IO         0
#endif

#endif
