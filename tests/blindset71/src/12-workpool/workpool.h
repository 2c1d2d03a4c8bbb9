// workpool.h -- rename auditor.  Post-rename work is pushed onto generic
// work items so that name queries never run in the completion path.
#pragma once

#include <fltKernel.h>

#define WP_TAG_JOB      'bJpW'
#define WP_TAG_STRM     'sSpW'

#if DBG
#define WP_PRINT(fmt, ...) DbgPrint("workpool!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#else
#define WP_PRINT(fmt, ...) ((void)0)
#endif

namespace wp {

struct StreamContext {
    volatile LONG Renames;
};

struct Job {
    PFLT_INSTANCE Instance;
    PFILE_OBJECT  FileObject;       // referenced
    ULONG         Pid;
};

class Pool {
public:
    static void  Initialize();
    static void  Teardown();
    static Job*  NewJob();
    static void  FreeJob(Job* job);
    static void  Enter()   { InterlockedIncrement(&s_Outstanding); KeClearEvent(&s_Idle); }
    static void  Leave()   { if (InterlockedDecrement(&s_Outstanding) == 0) KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE); }
    static void  WaitIdle();
private:
    static NPAGED_LOOKASIDE_LIST s_Jobs;
    static KEVENT                s_Idle;
    static volatile LONG         s_Outstanding;
};

struct Filter {
    static PFLT_FILTER Handle;
};

// registration.cpp
extern const FLT_REGISTRATION Registration;
// ops.cpp
extern const FLT_OPERATION_REGISTRATION Operations[];
// contexts.cpp
extern const FLT_CONTEXT_REGISTRATION Contexts[];
NTSTATUS GetOrCreateStreamContext(PCFLT_RELATED_OBJECTS Objects, StreamContext** Out);

NTSTATUS FLTAPI Unload(FLT_FILTER_UNLOAD_FLAGS Flags);

} // namespace wp
