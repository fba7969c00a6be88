// SPDX-License-Identifier: GPL-2.0
/*
 * The BTF side of BPF_PROG_LOAD: func_info (one FUNC per subprogram) and
 * line_info (source lines by instruction), checked as 6.1's verifier
 * checks them, with its messages, and kept in prog->aux for
 * BPF_OBJ_GET_INFO_BY_FD and the verifier log.
 *
 * It runs on the program as loaded, before the verifier's rewrites: the
 * subprogram layout is read from the BPF_PSEUDO_CALL and BPF_PSEUDO_FUNC
 * targets, as the kernel's first verifier pass reads it.
 */
#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/btf.h>
#include <linux/filter.h>

#define MIN_BPF_FUNCINFO_SIZE	8
#define MAX_FUNCINFO_REC_SIZE	252
#define MIN_BPF_LINEINFO_SIZE	offsetofend(struct bpf_line_info, line_col)
#define MAX_LINEINFO_REC_SIZE	MAX_FUNCINFO_REC_SIZE

struct btf_subprog {
	u32 start;
	bool has_ld_abs;
	bool has_tail_call;
};

struct btf_prog_layout {
	/* the subprograms and, past them, an end at prog->len */
	struct btf_subprog sub[BPF_MAX_SUBPROGS + 1];
	u32 cnt;
};

static bool insn_is_pseudo_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

static bool insn_is_pseudo_func(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
	       insn->src_reg == BPF_PSEUDO_FUNC;
}

static bool insn_is_tail_call(const struct bpf_insn *insn)
{
	if (insn->code == (BPF_JMP | BPF_TAIL_CALL))
		return true;
	return insn->code == (BPF_JMP | BPF_CALL) && insn->imm == BPF_FUNC_tail_call &&
	       insn->src_reg != BPF_PSEUDO_CALL;
}

static bool insn_is_ld_abs(const struct bpf_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_LD &&
	       (BPF_MODE(insn->code) == BPF_ABS || BPF_MODE(insn->code) == BPF_IND);
}

/* Keeps sub[] sorted and without duplicates. */
static int layout_add_subprog(struct btf_prog_layout *l, struct bpf_verifier_log *log,
			      s64 off, u32 insn_cnt)
{
	u32 i;

	if (off < 0 || off >= insn_cnt) {
		bpf_log(log, "call to invalid destination\n");
		return -EINVAL;
	}
	for (i = 0; i < l->cnt && l->sub[i].start < off; i++)
		;
	if (i < l->cnt && l->sub[i].start == off)
		return 0;
	if (l->cnt >= BPF_MAX_SUBPROGS) {
		bpf_log(log, "too many subprograms\n");
		return -E2BIG;
	}
	memmove(&l->sub[i + 1], &l->sub[i], (l->cnt - i) * sizeof(l->sub[0]));
	memset(&l->sub[i], 0, sizeof(l->sub[0]));
	l->sub[i].start = off;
	l->cnt++;
	return 0;
}

static int btf_prog_layout(const struct bpf_prog *prog, struct btf_prog_layout *l,
			   struct bpf_verifier_log *log)
{
	const struct bpf_insn *insn = prog->insnsi;
	u32 i, cur = 0;
	int err;

	l->cnt = 0;
	err = layout_add_subprog(l, log, 0, prog->len);
	for (i = 0; !err && i < prog->len; i++) {
		if (insn_is_pseudo_call(&insn[i]) || insn_is_pseudo_func(&insn[i]))
			err = layout_add_subprog(l, log, (s64)i + insn[i].imm + 1,
						 prog->len);
	}
	if (err)
		return err;

	l->sub[l->cnt].start = prog->len;
	for (i = 0; i < prog->len; i++) {
		while (cur + 1 <= l->cnt && i >= l->sub[cur + 1].start)
			cur++;
		if (insn_is_tail_call(&insn[i]))
			l->sub[cur].has_tail_call = true;
		if (insn_is_ld_abs(&insn[i]))
			l->sub[cur].has_ld_abs = true;
	}
	return 0;
}

/* Without func_info the verifier cannot know what a subprogram returns. */
static int check_abnormal_return(const struct btf_prog_layout *l,
				 struct bpf_verifier_log *log)
{
	u32 i;

	for (i = 1; i < l->cnt; i++) {
		if (l->sub[i].has_ld_abs) {
			bpf_log(log, "LD_ABS is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
		if (l->sub[i].has_tail_call) {
			bpf_log(log, "tail_call is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
	}
	return 0;
}

/* Bytes of a record past what we know must be zero. */
static int rec_tail_zero(const u8 __user *rec, u32 expected_size, u32 actual_size)
{
	u32 i;

	for (i = expected_size; i < actual_size; i++)
		if (rec[i])
			return -E2BIG;
	return 0;
}

/*
 * The user's records, copied in one go: a bad pointer is -EFAULT, and the
 * walk below reads the copy (one faulting copy, not one a record).
 */
static u8 *copy_user_records(u64 uptr, u32 cnt, u32 rec_size, int *err)
{
	size_t len = (size_t)cnt * rec_size;
	u8 *buf = kvmalloc(len, GFP_KERNEL);

	*err = -ENOMEM;
	if (!buf)
		return NULL;
	*err = -EFAULT;
	if (copy_from_user(buf, u64_to_user_ptr(uptr), len)) {
		kvfree(buf);
		return NULL;
	}
	*err = 0;
	return buf;
}

static int check_btf_func(struct bpf_prog *prog, const union bpf_attr *attr,
			  union bpf_attr __user *uattr, const struct btf_prog_layout *l,
			  struct bpf_verifier_log *log)
{
	u32 krec_size = sizeof(struct bpf_func_info);
	const struct btf_type *type, *func_proto, *ret_type;
	const struct btf *btf = prog->aux->btf;
	struct bpf_func_info_aux *info_aux = NULL;
	u32 i, nfuncs, urec_size, min_size;
	struct bpf_func_info *krecord;
	const u8 *urecord;
	u8 *ucopy;
	u32 prev_offset = 0;
	bool scalar_return;
	int ret = -ENOMEM;

	nfuncs = attr->func_info_cnt;
	if (!nfuncs)
		return check_abnormal_return(l, log);
	if (nfuncs != l->cnt) {
		bpf_log(log, "number of funcs in func_info doesn't match number of subprogs\n");
		return -EINVAL;
	}
	urec_size = attr->func_info_rec_size;
	if (urec_size < MIN_BPF_FUNCINFO_SIZE || urec_size > MAX_FUNCINFO_REC_SIZE ||
	    urec_size % sizeof(u32)) {
		bpf_log(log, "invalid func info rec size %u\n", urec_size);
		return -EINVAL;
	}
	ucopy = copy_user_records(attr->func_info, nfuncs, urec_size, &ret);
	if (!ucopy)
		return ret;
	urecord = ucopy;
	min_size = min_t(u32, krec_size, urec_size);

	ret = -ENOMEM;
	krecord = kvcalloc(nfuncs, krec_size, GFP_KERNEL);
	if (!krecord) {
		kvfree(ucopy);
		return -ENOMEM;
	}
	info_aux = kcalloc(nfuncs, sizeof(*info_aux), GFP_KERNEL);
	if (!info_aux)
		goto err_free;

	for (i = 0; i < nfuncs; i++, urecord += urec_size) {
		ret = rec_tail_zero(urecord, krec_size, urec_size);
		if (ret) {
			bpf_log(log, "nonzero tailing record in func info");
			/* the size we know, so that the loader can retry with it */
			if (uattr && put_user(min_size, &uattr->func_info_rec_size))
				ret = -EFAULT;
			goto err_free;
		}
		memcpy(&krecord[i], urecord, min_size);

		ret = -EINVAL;
		if (i == 0) {
			if (krecord[i].insn_off) {
				bpf_log(log, "nonzero insn_off %u for the first func info record",
					krecord[i].insn_off);
				goto err_free;
			}
		} else if (krecord[i].insn_off <= prev_offset) {
			bpf_log(log, "same or smaller insn offset (%u) than previous func info record (%u)",
				krecord[i].insn_off, prev_offset);
			goto err_free;
		}
		if (l->sub[i].start != krecord[i].insn_off) {
			bpf_log(log, "func_info BTF section doesn't match subprog layout in BPF program\n");
			goto err_free;
		}

		type = btf_type_by_id(btf, krecord[i].type_id);
		if (!type || !btf_type_is_func(type)) {
			bpf_log(log, "invalid type id %d in func info", krecord[i].type_id);
			goto err_free;
		}
		info_aux[i].linkage = BTF_INFO_VLEN(type->info);

		/* loading the BTF made sure of it */
		func_proto = btf_type_by_id(btf, type->type);
		if (!func_proto || !btf_type_is_func_proto(func_proto))
			goto err_free;
		ret_type = btf_type_skip_modifiers(btf, func_proto->type, NULL);
		scalar_return = ret_type && (btf_type_is_small_int(ret_type) ||
					     btf_is_any_enum(ret_type));
		if (i && !scalar_return && l->sub[i].has_ld_abs) {
			bpf_log(log, "LD_ABS is only allowed in functions that return 'int'.\n");
			goto err_free;
		}
		if (i && !scalar_return && l->sub[i].has_tail_call) {
			bpf_log(log, "tail_call is only allowed in functions that return 'int'.\n");
			goto err_free;
		}
		prev_offset = krecord[i].insn_off;
	}

	prog->aux->func_info = krecord;
	prog->aux->func_info_cnt = nfuncs;
	prog->aux->func_info_aux = info_aux;
	kvfree(ucopy);
	return 0;

err_free:
	kvfree(ucopy);
	kvfree(krecord);
	kfree(info_aux);
	return ret;
}

static int check_btf_line(struct bpf_prog *prog, const union bpf_attr *attr,
			  union bpf_attr __user *uattr, const struct btf_prog_layout *l,
			  struct bpf_verifier_log *log)
{
	u32 i, s, nr_linfo, ncopy, expected_size, rec_size, prev_offset = 0;
	const struct btf *btf = prog->aux->btf;
	struct bpf_line_info *linfo;
	const u8 *ulinfo;
	u8 *ucopy;
	int err;

	nr_linfo = attr->line_info_cnt;
	if (!nr_linfo)
		return 0;
	if (nr_linfo > INT_MAX / sizeof(struct bpf_line_info))
		return -EINVAL;
	rec_size = attr->line_info_rec_size;
	if (rec_size < MIN_BPF_LINEINFO_SIZE || rec_size > MAX_LINEINFO_REC_SIZE ||
	    rec_size & (sizeof(u32) - 1))
		return -EINVAL;
	ucopy = copy_user_records(attr->line_info, nr_linfo, rec_size, &err);
	if (!ucopy)
		return err;
	ulinfo = ucopy;

	/* zeroed: a shorter user record leaves the rest 0 */
	linfo = kvcalloc(nr_linfo, sizeof(struct bpf_line_info), GFP_KERNEL);
	if (!linfo) {
		kvfree(ucopy);
		return -ENOMEM;
	}

	s = 0;
	expected_size = sizeof(struct bpf_line_info);
	ncopy = min_t(u32, expected_size, rec_size);
	for (i = 0; i < nr_linfo; i++, ulinfo += rec_size) {
		err = rec_tail_zero(ulinfo, expected_size, rec_size);
		if (err) {
			bpf_log(log, "nonzero tailing record in line_info");
			if (uattr && put_user(expected_size, &uattr->line_info_rec_size))
				err = -EFAULT;
			goto err_free;
		}
		memcpy(&linfo[i], ulinfo, ncopy);

		/*
		 * Strictly increasing and inside the program; the first at 0
		 * follows from every subprogram needing a line at its start.
		 */
		if ((i && linfo[i].insn_off <= prev_offset) ||
		    linfo[i].insn_off >= prog->len) {
			bpf_log(log, "Invalid line_info[%u].insn_off:%u (prev_offset:%u prog->len:%u)\n",
				i, linfo[i].insn_off, prev_offset, prog->len);
			err = -EINVAL;
			goto err_free;
		}
		/* not the second half of a ld_imm64 */
		if (!prog->insnsi[linfo[i].insn_off].code) {
			bpf_log(log, "Invalid insn code at line_info[%u].insn_off\n", i);
			err = -EINVAL;
			goto err_free;
		}
		if (!btf_name_by_offset(btf, linfo[i].line_off) ||
		    !btf_name_by_offset(btf, linfo[i].file_name_off)) {
			bpf_log(log, "Invalid line_info[%u].line_off or .file_name_off\n", i);
			err = -EINVAL;
			goto err_free;
		}
		if (s != l->cnt) {
			if (linfo[i].insn_off == l->sub[s].start) {
				s++;
			} else if (l->sub[s].start < linfo[i].insn_off) {
				bpf_log(log, "missing bpf_line_info for func#%u\n", s);
				err = -EINVAL;
				goto err_free;
			}
		}
		prev_offset = linfo[i].insn_off;
	}

	if (s != l->cnt) {
		bpf_log(log, "missing bpf_line_info for %u funcs starting from func#%u\n",
			l->cnt - s, s);
		err = -EINVAL;
		goto err_free;
	}

	prog->aux->linfo = linfo;
	prog->aux->nr_linfo = nr_linfo;
	prog->aux->linfo_idx = 0;
	kvfree(ucopy);
	return 0;

err_free:
	kvfree(ucopy);
	kvfree(linfo);
	return err;
}

void btf_prog_info_free(struct bpf_prog_aux *aux)
{
	kvfree(aux->func_info);
	kfree(aux->func_info_aux);
	kvfree(aux->linfo);
	aux->func_info = NULL;
	aux->func_info_aux = NULL;
	aux->func_info_cnt = 0;
	aux->linfo = NULL;
	aux->nr_linfo = 0;
}

int btf_check_prog_info_uattr(struct bpf_prog *prog, const union bpf_attr *attr,
			      union bpf_attr __user *uattr,
			      struct bpf_verifier_log *log)
{
	struct btf_prog_layout *l;
	struct btf *btf;
	int err;

	l = kmalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	err = btf_prog_layout(prog, l, log);
	if (err)
		goto out;

	if (!attr->func_info_cnt && !attr->line_info_cnt) {
		err = check_abnormal_return(l, log);
		goto out;
	}

	btf = btf_get_by_fd(attr->prog_btf_fd);
	if (IS_ERR(btf)) {
		err = PTR_ERR(btf);
		goto out;
	}
	if (btf_is_kernel(btf)) {
		btf_put(btf);
		err = -EACCES;
		goto out;
	}
	/* the caller drops it with the program, on failure too */
	if (prog->aux->btf)
		btf_put(prog->aux->btf);
	prog->aux->btf = btf;

	err = check_btf_func(prog, attr, uattr, l, log);
	if (!err)
		err = check_btf_line(prog, attr, uattr, l, log);
	if (err)
		btf_prog_info_free(prog->aux);
out:
	kfree(l);
	return err;
}

int btf_check_prog_info(struct bpf_prog *prog, const union bpf_attr *attr,
			struct bpf_verifier_log *log)
{
	return btf_check_prog_info_uattr(prog, attr, NULL, log);
}

const struct bpf_line_info *bpf_prog_linfo_find(const struct bpf_prog *prog, u32 insn_off)
{
	const struct bpf_line_info *linfo = prog->aux->linfo;
	u32 lo = 0, hi = prog->aux->nr_linfo;

	if (!linfo || !hi || linfo[0].insn_off > insn_off)
		return NULL;
	/* the last record at or before insn_off */
	while (hi - lo > 1) {
		u32 mid = lo + (hi - lo) / 2;

		if (linfo[mid].insn_off <= insn_off)
			lo = mid;
		else
			hi = mid;
	}
	return &linfo[lo];
}
