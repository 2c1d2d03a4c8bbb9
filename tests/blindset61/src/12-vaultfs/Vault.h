#pragma once
//
// vaultfs - only the enrolled agent may open files below the vault folder.
// Every handle the agent opens there gets a stream handle context so the
// cleanup path can log what it touched.
//
#include <fltKernel.h>

#define VAULT_TAG       'tluV'
#define VAULT_SH_TAG    'hluV'
#define VAULT_PORT_NAME L"\\VaultFsPort"
#define VAULT_MAX_PREFIX_CB (512 * sizeof(WCHAR))

#define VLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "vaultfs: " fmt "\n", __VA_ARGS__)
#define VERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "vaultfs: " fmt "\n", __VA_ARGS__)

namespace vault {

struct HandleContext {
    HANDLE                     Pid;
    LARGE_INTEGER              OpenTime;
    PFLT_FILE_NAME_INFORMATION Name;
};

// agent -> driver: set the vault prefix (normalized name, no terminator)
#pragma pack(push, 1)
struct SetPrefixMessage {
    ULONG Cb;
    WCHAR Prefix[1];
};
#pragma pack(pop)

class State {
public:
    static NTSTATUS Init();
    static void     Destroy();
    static NTSTATUS SetPrefix(_In_reads_bytes_(Cb) PCWCH Prefix, _In_ ULONG Cb);
    static bool     IsInVault(_In_ PCUNICODE_STRING Name);
    static void     SetAgent(_In_opt_ HANDLE Pid);
    static bool     IsAgent(_In_ HANDLE Pid);
private:
    static ERESOURCE      s_lock;
    static UNICODE_STRING s_prefix;
    static HANDLE         s_agentPid;
    static bool           s_ready;
};

class Port {
public:
    static NTSTATUS Open(_In_ PFLT_FILTER Filter);
    static void     Close();
};

// Context.cpp
extern const FLT_CONTEXT_REGISTRATION   ContextRegistration[];
extern const FLT_OPERATION_REGISTRATION OperationRegistration[];

} // namespace vault
