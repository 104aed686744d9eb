/*
 * conf: configuration files read with libyaml into a small tree.
 *
 * nt_yaml_load parses one YAML document into nodes that remember their
 * 1-based line and column, so that every later complaint about a value
 * can name file:line:col.  Aliases are refused (a configuration file has
 * no need of them, and they can make a small file expand without bound).
 * A document nested deeper than NT_YAML_MAXDEPTH or larger than
 * NT_YAML_MAXSIZE is refused before libyaml, whose scanner is quadratic
 * in the nesting, spends long on it.
 * The tree is owned by the caller: nt_ynode_free releases it.
 * Only "true" and "false" are booleans.  One thread at a time.
 */
#ifndef NT_CONF_H
#define NT_CONF_H

#include <stddef.h>

#include "core/buf.h"

#define NT_YAML_MAXDEPTH	64
#define NT_YAML_MAXMIB		16
#define NT_YAML_MAXSIZE		((size_t)NT_YAML_MAXMIB << 20)
/* A number macro as a string literal, for messages. */
#define NT_STR(x)		NT_STR_(x)
#define NT_STR_(x)		#x

enum nt_ytype { NT_YSCALAR, NT_YSEQ, NT_YMAP };

struct nt_ynode {
	enum nt_ytype	 type;
	size_t		 line;		/* 1-based */
	size_t		 col;		/* 1-based */
	char		*s;		/* scalar text, NUL-terminated; "" */
					/* for a sequence or a mapping */
	size_t		 len;
	int		 plain;		/* an unquoted scalar */
	struct nt_ynode	**kid;		/* sequence items; map: key, value, ... */
	size_t		 n;		/* number of entries in kid */
};

/*
 * Load path.  Returns the root node, or NULL with "path:line:col: message"
 * in err.  An empty document gives an empty mapping.
 */
struct nt_ynode	*nt_yaml_load(const char *path, struct nt_buf *err);
/* The same from memory; name is used in messages. */
struct nt_ynode	*nt_yaml_parse(const char *name, const char *p, size_t n,
		    struct nt_buf *err);
void		 nt_ynode_free(struct nt_ynode *);

/* In a mapping, the value for key, or NULL. */
struct nt_ynode	*nt_ymap_get(const struct nt_ynode *, const char *key);
/* A boolean scalar: 0 or 1, or -1 if it is not exactly true/false. */
int		 nt_ybool(const struct nt_ynode *);
/*
 * Put "path:line:col: message" for node into err, one line: control
 * characters in the message (a quoted value's) are escaped, \n or \x01.
 */
void		 nt_yerr(struct nt_buf *err, const char *path,
		    const struct nt_ynode *, const char *fmt, ...)
		    __attribute__((format(printf, 4, 5)));

#endif
