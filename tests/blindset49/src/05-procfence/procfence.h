/*
 * procfence.h - only processes vouched for by the ProcFence service may
 * modify files under the protected directory.
 */
#ifndef _PROCFENCE_H_
#define _PROCFENCE_H_

#include <fltKernel.h>

#define PF_TAG              'nFfP'
#define PF_PORT_NAME        L"\\ProcFencePort"
#define PF_PROTECTED_DIR    L"\\ProgramData\\ProcFence\\"
#define PF_MAX_TRUSTED      64

#define PF_WRITE_ACCESS     (FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | \
                             FILE_WRITE_ATTRIBUTES | DELETE | WRITE_DAC | WRITE_OWNER)

#define PFDBG(fmt, ...)     DbgPrint("ProcFence: " fmt "\n", __VA_ARGS__)

typedef enum _PF_COMMAND {
    PfCmdTrustPid   = 1,
    PfCmdUntrustPid = 2
} PF_COMMAND;

typedef struct _PF_MESSAGE {
    PF_COMMAND Command;
    ULONG      ProcessId;
} PF_MESSAGE, *PPF_MESSAGE;

typedef struct _PF_TRUST_TABLE {
    KSPIN_LOCK Lock;
    ULONG      Count;
    HANDLE     Pids[PF_MAX_TRUSTED];
} PF_TRUST_TABLE, *PPF_TRUST_TABLE;

typedef struct _PF_GLOBALS {
    PFLT_FILTER     Filter;
    PFLT_PORT       ServerPort;
    PFLT_PORT       ClientPort;
    PPF_TRUST_TABLE Trust;
    volatile LONG   Denied;
} PF_GLOBALS;

extern PF_GLOBALS g_Pf;

/* proc.c */
NTSTATUS PfTrustTableCreate(VOID);
VOID     PfTrustTableDestroy(VOID);
BOOLEAN  PfIsTrusted(_In_ HANDLE ProcessId);
NTSTATUS PfTrust(_In_ HANDLE ProcessId);
VOID     PfUntrust(_In_ HANDLE ProcessId);

VOID
PfProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

/* comm.c */
NTSTATUS PfPortOpen(VOID);
VOID     PfPortClose(VOID);

#endif /* _PROCFENCE_H_ */
