/* A store written in a macro's body to a place given as its argument
 * (`_Obj = 0;` of a cleanup macro given `g->h[1]`): the operator is the
 * body's, its left operand the argument's, so it is read from the
 * invocation's expansion. */
typedef long NTSTATUS;
typedef void *HANDLE;
struct ext { HANDLE h[2]; int n; };
struct ext *g;
NTSTATUS Destroy(HANDLE h);
#define DESTROY(_Obj, _Dtor) \
	if (_Obj) { \
		status = _Dtor(_Obj); \
		_Obj = 0; \
	}
#define DESTROY2(_Obj) \
	if (_Obj) { \
		_Obj = 0; \
	}
void f(void)
{
	NTSTATUS status;
	DESTROY(g->h[0], Destroy);
	DESTROY2(g->h[1]);
	DESTROY2(g->n);
	(void)status;
}
