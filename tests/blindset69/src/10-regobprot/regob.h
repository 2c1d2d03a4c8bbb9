#ifndef REGOB_H
#define REGOB_H

#include <ntifs.h>

#define RO_TAG              'bOgR'
#define RO_REG_ALTITUDE     L"380100"
#define RO_OB_ALTITUDE      L"380100"

#define RO_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, _lvl, "regobprot: " _fmt "\n", ##__VA_ARGS__)

#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME  0x0800
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

#define THREAD_STRIP_MASK   (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT)
#define PROCESS_STRIP_MASK  (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

typedef struct _RO_CONTEXT {
    UNICODE_STRING   ServiceKey;        /* deep copy of RegistryPath */
    LARGE_INTEGER    RegCookie;
    PVOID            ObHandle;
    BOOLEAN          RegRegistered;
    HANDLE           ProtectedPid;      /* the service process, set from config */
    volatile LONG    Denied;
} RO_CONTEXT, *PRO_CONTEXT;

extern RO_CONTEXT g_Ro;

/* callbacks.c */
EX_CALLBACK_FUNCTION RoRegistryCallback;
OB_PREOP_CALLBACK_STATUS RoPreHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);

/* driver.c */
NTSTATUS RoRegisterObCallbacks(VOID);

#endif
