// shared declarations for KWorker
#pragma once

typedef struct _WORKER_STATE {
    PETHREAD Thread;
    KEVENT   StopEvent;
    LONG     Loops;
} WORKER_STATE;

extern WORKER_STATE g_Worker;

NTSTATUS StartWorker(void);
VOID StopWorker(void);
