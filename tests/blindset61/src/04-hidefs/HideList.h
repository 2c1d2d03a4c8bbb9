#pragma once
#include <fltKernel.h>

#define HF_TAG          'fdiH'
#define HF_MAX_TRUSTED  8

#define HFLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[hidefs] " fmt "\n", ##__VA_ARGS__)

//
// list of file names (final component) that are hidden from everyone except
// processes running hidectl.exe
//
class HideList {
public:
    static NTSTATUS Initialize();
    static void     Destroy();

    static NTSTATUS Add(_In_ PCUNICODE_STRING Name);
    static bool     IsHidden(_In_ PCUNICODE_STRING FinalComponent);

    static void     TrustProcess(_In_ HANDLE Pid);
    static void     ForgetProcess(_In_ HANDLE Pid);
    static bool     IsTrusted(_In_ HANDLE Pid);

private:
    struct Entry {
        LIST_ENTRY     Link;
        UNICODE_STRING Name;
        WCHAR          Storage[1];
    };

    static ERESOURCE  s_lock;
    static LIST_ENTRY s_head;
    static HANDLE     s_trusted[HF_MAX_TRUSTED];
    static bool       s_ready;
};
