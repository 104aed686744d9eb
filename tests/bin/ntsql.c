/*
 * ntsql: the little of the sqlite3 shell that the ndedupe tests need,
 * so they run where the shell is not installed.
 *
 *   ntsql FILE SQL      run SQL on FILE, print the rows it returns
 *   ntsql -l FILE       take FILE's write lock, print "locked", and hold
 *                       it until standard input closes
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

static int
row(void *arg, int n, char **val, char **col)
{
	int i;

	(void)arg;
	(void)col;
	for (i = 0; i < n; i++)
		printf("%s%s", i ? "|" : "", val[i] ? val[i] : "");
	printf("\n");
	return 0;
}

int
main(int argc, char *argv[])
{
	sqlite3 *db;
	char buf[256];
	int hold;

	hold = argc == 3 && strcmp(argv[1], "-l") == 0;
	if (argc != 3)
		errx(2, "usage: ntsql file sql | ntsql -l file");
	if (sqlite3_open(argv[hold ? 2 : 1], &db) != SQLITE_OK)
		errx(1, "%s", sqlite3_errmsg(db));
	if (!hold) {
		if (sqlite3_exec(db, argv[2], row, NULL, NULL) != SQLITE_OK)
			errx(1, "%s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 0;
	}
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		errx(1, "%s", sqlite3_errmsg(db));
	printf("locked\n");
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}
