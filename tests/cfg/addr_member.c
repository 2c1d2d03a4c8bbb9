/* A member reached through the address of an object, as a macro's body
 * writes it when given `&a` (`(_a)->Info = ...`), or by hand: `(&a)->Size`
 * is `a.Size`, one place however it is written. */
#include <ntddk.h>

typedef struct _A {
    PVOID Info;
    ULONG Size;
} A;

#define SET_INFO(_a, _v) (_a)->Info = (_v)

extern PVOID g_Info;

NTSTATUS Fill(void)
{
    A a;

    SET_INFO(&a, g_Info);
    (&a)->Size = 4;
    return a.Info != NULL && a.Size == 4 ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}
